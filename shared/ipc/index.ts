export * from './channels.ts';
export * from './contract.ts';
export type { PyplanApi, DroppedFile, Unsubscribe } from './api.ts';
