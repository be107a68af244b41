/** Every Web API method the emulator answers; anything else gets `unknown_method`. */
import { chatMethods } from "./chat.js";
import type { MethodHandler } from "./context.js";
import { conversationMethods } from "./conversations.js";
import { fileMethods } from "./files.js";
import { userMethods } from "./users.js";
import { viewMethods } from "./views.js";

export const methods: Readonly<Record<string, MethodHandler>> = {
  ...userMethods,
  ...conversationMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
};

export type { MethodContext, MethodHandler, WorkspaceConfig } from "./context.js";
