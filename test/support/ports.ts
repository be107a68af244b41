import { createServer } from "node:net";

/**
 * A loopback port nothing listens on: bound to port 0, then released. Good for "cannot connect"
 * cases, and for a server started right after (another process could take it in between, which
 * on a test machine does not happen in practice).
 */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
