/**
 * The interfaces adapters implement for the services. Services never import Slack, node-cron or
 * the clock; what they need from outside arrives through these ports.
 */
export type Clock = () => number;

/** A Slack user as the services need them (from users.info). */
export interface DirectoryUser {
  readonly id: string;
  readonly teamId: string | undefined;
  /** Real name, else display name, else handle. */
  readonly name: string;
  /** The @handle (users.info `name`). */
  readonly handle: string;
  /** IANA zone; undefined when Slack gives none. */
  readonly tz: string | undefined;
  readonly isBot: boolean;
  readonly deleted: boolean;
  /** A Slack Connect user from another organization (`is_stranger`, or another team). */
  readonly isExternal: boolean;
}

/** Looks people up in Slack (users.info / users.list). */
export interface SlackDirectory {
  /** null when Slack does not know the user (user_not_found). */
  user(teamId: string, userId: string): Promise<DirectoryUser | null>;
  /** Finds a user by handle or display name, for mentions Slack did not escape. */
  findByName(teamId: string, name: string): Promise<DirectoryUser | null>;
}

/** Tells the Slack side that these users' App Home may have changed. */
export interface HomeRefresher {
  refresh(teamId: string, userIds: readonly string[]): void;
}
