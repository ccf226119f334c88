export { runCli } from './program.js';
export { CliError, type ExitCode } from './cli-error.js';
export { rollbackFile, type RollbackOptions } from './commands/rollback.js';
export { promoteFile, type PromoteOptions, type PromoteResult } from './commands/promote.js';
export { setWeights, parseAssignments, type SetWeightsOptions } from './commands/set-weights.js';
export { undoFile, type UndoResult } from './commands/undo.js';
export { fileStatus, formatStatus, type RouteStatus, type VariantStatus } from './commands/status.js';
export { validateFile, type FileValidation } from './commands/validate-file.js';
export { changeRoute, previousPath, type ChangeOptions, type ChangeResult } from './file/change-file.js';
export {
  historyPath,
  historyPath as auditLogPath,
  type HistoryEntry,
  type RouteChange,
} from './history/history-entry.js';
export { readHistory } from './history/read-history.js';
export { verifyHistory, type HistoryVerification, type VerifyOptions } from './history/verify-history.js';
export { routeAt, type RouteAt } from './history/route-at.js';
export type { DiffOp } from './history/route-diff.js';
export { writeFileAtomic } from './file/atomic-write.js';
export { loadRegistry, registryPath, type ModelRegistry, type RegisteredModel } from './registry/model-registry.js';
export { addModel } from './registry/add-model.js';
