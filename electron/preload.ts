import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeApi } from '../shared/ipc/api.ts';

// The only thing the page gets: named functions generated from the contract.
exposeApi(contextBridge, ipcRenderer, {
  pathForFile: (file) => webUtils.getPathForFile(file as unknown as File),
});
