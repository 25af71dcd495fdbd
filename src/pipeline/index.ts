export { ContactQueues, HandledWaiter, PipelineRecovery, PipelineWorkers, PIPELINE_STAGES, jobId } from './pipeline.js';
export type { PipelineOptions, PipelineStage } from './pipeline.js';
export { ContactStages } from './stages.js';
export type { Outcome, StageDependencies, StageResult } from './stages.js';
