/** The benches' seeded generator is the demo's (mulberry32): one implementation. */
export { type Random, seededRandom } from "../../src/cli/random.js";
