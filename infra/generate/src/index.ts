export {
  compactRow,
  DEFAULT_BLOCK_ROWS,
  FIRST_GENERATED_PARTITION,
  type GenerateOptions,
  generateTraffic,
} from './load.ts';
