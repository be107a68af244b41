/**
 * Services announce what changed; adapters listen. The Slack adapter republishes the App Home of
 * the users a change affects, without the services knowing about Slack.
 */
export interface Change {
  readonly teamId: string;
  readonly partnershipId: number;
  /** Slack user ids whose view of the partnership changed. */
  readonly userIds: readonly string[];
}

export type ChangeListener = (change: Change) => void;

export interface ChangeFeed {
  emit(change: Change): void;
  subscribe(listener: ChangeListener): () => void;
}

export function createChangeFeed(onListenerError: (error: unknown) => void): ChangeFeed {
  const listeners = new Set<ChangeListener>();
  return {
    emit(change) {
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
