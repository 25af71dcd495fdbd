export { AgentQueues, defaultAgentQueueOptions, eligibleTeams } from './agent-queues.js';
export type { Agent, AgentQueueOptions, Offer, QueueStats, WaitingEntry } from './agent-queues.js';
