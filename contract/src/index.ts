export * from './browser-event.schema.ts';
export * from './demo-sites.ts';
export * from './events.schema.ts';
export * from './kafka-record.schema.ts';
export * from './limits.ts';
export * from './sites.schema.ts';
export * from './url-template.ts';
