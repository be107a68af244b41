/**
 * A local Slack Web API emulator for the demo and the tests: point Bolt's / WebClient's
 * `slackApiUrl` at `emulator.url` and the app talks to it instead of Slack.
 */
export { startEmulator } from "./server.js";
export { dmChannelId } from "./store.js";
export type {
  BlocksValidator,
  Emulator,
  EmulatorChannel,
  EmulatorOptions,
  EmulatorUser,
  FailRule,
  FileSummary,
  MessageMetadata,
  MountedHandler,
  RecordedCall,
  SinkResponse,
  StoredMessage,
  StoredView,
  UploadedFile,
} from "./types.js";
