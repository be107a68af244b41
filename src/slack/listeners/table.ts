/**
 * One Bolt listener per kind of request (actions, modal submissions, events), routing by id.
 *
 * Bolt runs every registered listener's middleware chain on every request, each with its own
 * copies of the listener arguments, and only the listener's matcher then says "not mine". With an
 * `app.action` per button, an `app.view` per modal and an `app.event` per event type, each
 * command and click paid for 23 chains. The table collects the same registrations and mounts one
 * listener per kind, whose matcher accepts exactly the registered ids (a RegExp built from them):
 * a request with an id nobody registered still reaches no listener, as before. An id is
 * registered once; a second registration is a programming error and throws.
 */
import type {
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";

type AnyAction = Middleware<SlackActionMiddlewareArgs>;
type AnyView = Middleware<SlackViewMiddlewareArgs>;
type AnyEvent = Middleware<SlackEventMiddlewareArgs>;

export interface ListenerTable {
  /** A block action, by action_id (as `app.action(actionId, listener)`). */
  action<A extends SlackAction = SlackAction>(
    actionId: string,
    listener: Middleware<SlackActionMiddlewareArgs<A>>,
  ): void;
  /** A modal's submission, by callback_id (as `app.view(callbackId, listener)`). */
  view(callbackId: string, listener: AnyView): void;
  /** An Events API event, by type (as `app.event(type, listener)`). */
  event<T extends string>(type: T, listener: Middleware<SlackEventMiddlewareArgs<T>>): void;
}

/** Matches exactly these ids. */
function exactly(ids: Iterable<string>): RegExp {
  const escaped = [...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(?:${escaped.join("|")})$`);
}

function put<L>(routes: Map<string, L>, kind: string, id: string, listener: L): void {
  if (routes.has(id)) throw new Error(`${kind} ${id} is registered twice`);
  routes.set(id, listener);
}

/**
 * Lets `register` fill a table, then mounts one listener per kind that has routes. Registrations
 * after this returns are not seen: every listener is registered when the app is built.
 */
export function mountListeners(app: App, register: (table: ListenerTable) => void): void {
  const actions = new Map<string, AnyAction>();
  const views = new Map<string, AnyView>();
  const events = new Map<string, AnyEvent>();
  register({
    action: (actionId, listener) =>
      // The same listener Bolt would call for this action_id, whose payload has this type.
      put(actions, "action", actionId, listener as unknown as AnyAction),
    view: (callbackId, listener) => put(views, "view", callbackId, listener),
    event: (type, listener) => put(events, "event", type, listener as unknown as AnyEvent),
  });
  if (actions.size > 0) {
    app.action(exactly(actions.keys()), async (args) => {
      const id = "action_id" in args.action ? args.action.action_id : undefined;
      const listener = id === undefined ? undefined : actions.get(id);
      if (listener !== undefined) await listener(args);
    });
  }
  if (views.size > 0) {
    app.view(exactly(views.keys()), async (args) => {
      const listener = views.get(args.view.callback_id);
      if (listener !== undefined) await listener(args);
    });
  }
  if (events.size > 0) {
    app.event(exactly(events.keys()), async (args) => {
      const listener = events.get(args.event.type);
      if (listener !== undefined) await listener(args);
    });
  }
}
