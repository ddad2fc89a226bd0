export { type Config, loadConfig } from './config.ts';
export { buildApp } from './http/app.ts';
export { createLogger } from './logger.ts';
export { type Processor, type ProcessorOptions, startProcessor } from './processor.ts';
export { ARRIVAL_SKEW_MS, SESSION_IDLE_MS } from './session/partition-sessions.ts';
export { DEAD_LETTER_HEADERS } from './sink/dead-letter.ts';
export {
  type PipelineRun,
  type PipelineRunOptions,
  pipelineRun,
  rowsThroughPipeline,
} from './steps/rows-through-pipeline.ts';
export { DEAD_LETTER_REASONS, DROP_REASONS } from './steps/step.ts';
