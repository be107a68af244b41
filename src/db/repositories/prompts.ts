import { eq } from "drizzle-orm";
import type { Db } from "../index.js";
import { type Prompt, prompts } from "../schema.js";

/**
 * The outbox of check-in prompts. The tick plans, claims and sends them (the outbox slice adds
 * its queries here); check-ins mark them answered or snoozed.
 */
export interface PromptsRepository {
  findById(id: number): Prompt | undefined;
  markAnswered(id: number, at: number): void;
  setSnoozed(id: number, until: number, now: number): void;
}

export function createPromptsRepository(db: Db): PromptsRepository {
  return {
    findById(id) {
      return db.select().from(prompts).where(eq(prompts.id, id)).get();
    },
    markAnswered(id, at) {
      db.update(prompts)
        .set({ state: "answered", answeredAt: at, updatedAt: at })
        .where(eq(prompts.id, id))
        .run();
    },
    setSnoozed(id, until, now) {
      db.update(prompts)
        .set({ snoozedUntil: until, updatedAt: now })
        .where(eq(prompts.id, id))
        .run();
    },
  };
}
