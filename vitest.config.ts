import { defineConfig } from "vitest/config";

// A non-UTC zone with daylight saving, so nothing silently depends on the machine's zone.
process.env.TZ = "America/Los_Angeles";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    env: { TZ: "America/Los_Angeles" },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
