import type { WebClient } from "@slack/web-api";
import { describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createChangeFeed } from "../../src/services/changes.js";
import type { HomeData } from "../../src/services/home.js";
import type { Services } from "../../src/services/index.js";
import { HOME_PUBLISHES_IN_FLIGHT, startHomePublisher } from "../../src/slack/home.js";

const TEAM = "T0TEST";

/** One turn of the event loop: what a waiting request gets between two Home builds. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The publisher with a change feed, a Home service that counts builds, and a views.publish that
 * holds each call until released (so "in flight" is something the test controls).
 */
function setUp(minIntervalMs = 0) {
  const changes = createChangeFeed((error) => {
    throw error;
  });
  const built: string[] = [];
  let version = 0;
  const services = {
    changes,
    clock: () => 0,
    home: {
      forUser: (_team: string, userId: string): HomeData => {
        built.push(userId);
        return { userId, partnerships: [] };
      },
    },
  } as unknown as Services;
  const published: { user: string; version: number }[] = [];
  const held: (() => void)[] = [];
  const client = {
    views: {
      publish: (args: { user_id: string }) =>
        new Promise<{ ok: true }>((resolve) => {
          published.push({ user: args.user_id, version });
          held.push(() => resolve({ ok: true }));
        }),
    },
  } as unknown as WebClient;
  const publisher = startHomePublisher(client, services, silentLogger(), { minIntervalMs });
  const releaseAll = () => {
    for (const release of held.splice(0)) release();
  };
  return {
    emit: (userIds: string[]) => changes.emit({ teamId: TEAM, partnershipId: 1, userIds }),
    built,
    published,
    releaseAll,
    bump: () => {
      version += 1;
    },
    stop: () => publisher.stop(),
    idle: () => publisher.idle(),
  };
}

describe("App Home publisher", () => {
  it("when a change names many users, then their Homes are built one per turn of the event loop, so requests waiting in between are served", async () => {
    const p = setUp();
    const users = Array.from({ length: 10 }, (_, i) => `U${i}`);
    p.emit(users);
    expect(p.built).toHaveLength(0); // nothing is built inside the service's call

    await turn();
    expect(p.built).toHaveLength(1);
    await turn();
    expect(p.built).toHaveLength(2);

    await vi.waitFor(() => {
      p.releaseAll();
      expect(p.built).toEqual(users);
      expect(p.published.map((x) => x.user)).toEqual(users);
    });
    p.stop();
  });

  it("when asked whether it is idle, then it answers once every publish asked for is made, the one a change in flight adds included", async () => {
    const p = setUp();
    let idle = false;
    void p.idle().then(() => {
      idle = true;
    });
    await turn();
    expect(idle).toBe(true); // nothing asked for: idle at once

    idle = false;
    p.emit(["U1", "U2"]);
    const done = p.idle().then(() => {
      idle = true;
    });
    await vi.waitFor(() => expect(p.published).toHaveLength(2));
    p.bump();
    p.emit(["U1"]); // U1's publish is in flight: one more must follow
    for (let i = 0; i < 10; i++) await turn();
    expect(idle).toBe(false);
    p.releaseAll();
    for (let i = 0; i < 10; i++) await turn();
    expect(idle).toBe(false); // U1's second publish is in flight now
    await vi.waitFor(() => {
      p.releaseAll();
      expect(idle).toBe(true);
    });
    await done;
    expect(p.published).toEqual([
      { user: "U1", version: 0 },
      { user: "U2", version: 0 },
      { user: "U1", version: 1 },
    ]);
    p.stop();
  });

  it("when a Home waits for its interval, then idle waits for that publish too, and after stop it answers at once", async () => {
    const p = setUp(300);
    p.emit(["U1"]);
    await vi.waitFor(() => {
      p.releaseAll();
      expect(p.published).toHaveLength(1);
    });
    await p.idle();
    p.bump();
    p.emit(["U1"]); // within U1's interval: deferred
    let idle = false;
    const done = p.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idle).toBe(false);
    expect(p.published).toHaveLength(1);
    await vi.waitFor(() => {
      p.releaseAll();
      expect(idle).toBe(true);
    });
    await done;
    expect(p.published).toEqual([
      { user: "U1", version: 0 },
      { user: "U1", version: 1 },
    ]);

    p.bump();
    p.emit(["U1"]); // deferred again
    p.stop();
    await p.idle(); // stop dropped the deferred publish: idle at once
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(p.published).toHaveLength(2);
  });

  it("when publishes are slow, then only a few are in flight at once and the rest follow", async () => {
    const p = setUp();
    const users = Array.from({ length: 10 }, (_, i) => `U${i}`);
    p.emit(users);
    for (let i = 0; i < 20; i++) await turn();
    expect(p.published).toHaveLength(HOME_PUBLISHES_IN_FLIGHT);

    await vi.waitFor(() => {
      p.releaseAll();
      expect(p.published).toHaveLength(users.length);
    });
    p.stop();
  });

  it("when a user's Home changes again while it waits in the queue, then it is published once, with the newer data", async () => {
    const p = setUp();
    p.emit(["U1", "U2"]);
    p.bump();
    p.emit(["U2", "U1", "U2"]);
    await vi.waitFor(() => {
      p.releaseAll();
      expect(p.published).toHaveLength(2);
    });
    for (let i = 0; i < 10; i++) await turn();
    expect(p.published).toEqual([
      { user: "U1", version: 1 },
      { user: "U2", version: 1 },
    ]);
    p.stop();
  });

  it("when a user's Home changes while its publish is in flight, then exactly one more publish follows", async () => {
    const p = setUp();
    p.emit(["U1"]);
    await vi.waitFor(() => expect(p.published).toHaveLength(1));
    p.bump();
    p.emit(["U1"]);
    p.emit(["U1"]);
    p.releaseAll();
    await vi.waitFor(() => {
      p.releaseAll();
      expect(p.published).toHaveLength(2);
    });
    for (let i = 0; i < 10; i++) await turn();
    p.releaseAll();
    expect(p.published).toEqual([
      { user: "U1", version: 0 },
      { user: "U1", version: 1 },
    ]);
    p.stop();
  });

  it("when a Home changes many times within the interval, then it is published once more when the interval ends, with the newest data", async () => {
    // An interval far longer than the five changes take even on a loaded machine (U2 must not
    // reach the end of its own interval before the test looks).
    const p = setUp(1500);
    p.emit(["U1"]);
    await vi.waitFor(() => expect(p.published).toHaveLength(1));
    p.releaseAll();
    const first = performance.now();
    for (let version = 1; version <= 5; version++) {
      p.bump();
      p.emit(["U1", "U2"]);
      for (let i = 0; i < 5; i++) await turn();
    }
    // U2 had no recent publish: at once. U1 waits for its interval.
    expect(p.published.map((x) => x.user)).toEqual(["U1", "U2"]);
    await vi.waitFor(
      () => {
        p.releaseAll();
        expect(p.published).toHaveLength(3);
      },
      { timeout: 5000 },
    );
    expect(performance.now() - first).toBeGreaterThanOrEqual(1400);
    for (let i = 0; i < 10; i++) await turn();
    expect(p.published).toEqual([
      { user: "U1", version: 0 },
      { user: "U2", version: 1 },
      { user: "U1", version: 5 },
    ]);
    expect(p.built).toEqual(["U1", "U2", "U1"]);
    p.stop();
  });

  it("when stopped while a Home waits for its interval, then it is not published", async () => {
    const p = setUp(100);
    p.emit(["U1"]);
    await vi.waitFor(() => expect(p.published).toHaveLength(1));
    p.releaseAll();
    for (let i = 0; i < 5; i++) await turn();
    p.emit(["U1"]);
    p.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(p.published).toHaveLength(1);
  });

  it("when stopped, then nothing queued is published", async () => {
    const p = setUp();
    p.emit(["U1", "U2", "U3"]);
    p.stop();
    for (let i = 0; i < 10; i++) await turn();
    expect(p.published).toHaveLength(0);
  });
});
