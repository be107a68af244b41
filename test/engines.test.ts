import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
const lock = JSON.parse(read("package-lock.json")) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

describe("the Node versions npm ci accepts (engines, with engine-strict)", () => {
  it.each(["20.19.0", "20.20.2", "22.13.0", "22.23.3", "26.0.0", "26.10.0"])(
    "when the machine runs Node %s (a line the suite passes on), then npm ci accepts it",
    (version) => {
      expect(semver.satisfies(version, engines)).toBe(true);
    },
  );

  it.each([
    "18.20.0",
    // Below what vite and vitest (dev dependencies) accept: engine-strict would refuse them.
    "20.11.0",
    "22.12.0",
    "21.7.3",
    "23.11.0",
    // better-sqlite3 12 aborts on Node 24.19+ (docs/architecture.md, "Node versions").
    "24.21.0",
    "25.0.0",
    "27.0.0",
  ])(
    "when the machine runs Node %s (too old, odd, aborting or not yet tried), then npm ci refuses it",
    (version) => {
      expect(semver.satisfies(version, engines)).toBe(false);
    },
  );

  it("when npm ci runs on the oldest version of each accepted line, then no locked package refuses it", () => {
    const oldest = new semver.Range(engines).set.map(
      (comparators) => semver.minVersion(comparators.map((c) => c.value).join(" "))?.version,
    );
    expect(oldest).toEqual(["20.19.0", "22.13.0", "26.0.0"]);
    const refusals = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === "" || range === undefined) return [];
      return oldest
        .filter((version) => !semver.satisfies(version ?? "", range))
        .map((version) => `${path} (${range}) refuses ${version}`);
    });
    expect(refusals).toEqual([]);
  });

  it("when npm reads the lock file or .npmrc, then they say the same: one range, enforced", () => {
    expect(lock.packages[""]?.engines).toEqual({ node: engines });
    expect(read(".npmrc")).toMatch(/^engine-strict=true$/m);
  });

  it("when CI picks its Node from .nvmrc, and the suite runs, then both are in the range", () => {
    const nvmrc = read(".nvmrc").trim();
    expect(semver.intersects(`${nvmrc}.x`, engines)).toBe(true);
    expect(semver.satisfies(process.versions.node, engines)).toBe(true);
  });
});
