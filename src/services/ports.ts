/**
 * The interfaces adapters implement for the services. Services never import Slack, node-cron or
 * the clock; what they need from outside arrives through these ports.
 */
export type Clock = () => number;
