export { runCli } from './program.js';
export { CliError, type ExitCode } from './cli-error.js';
export { rollbackFile, type RollbackOptions } from './commands/rollback.js';
export { promoteFile, type PromoteOptions } from './commands/promote.js';
export { setWeights, parseAssignments, type SetWeightsOptions } from './commands/set-weights.js';
export { undoFile, type UndoResult } from './commands/undo.js';
export { fileStatus, formatStatus, type RouteStatus, type VariantStatus } from './commands/status.js';
export { validateFile, type FileValidation } from './commands/validate-file.js';
export { changeRoute, previousPath, type ChangeOptions, type ChangeResult } from './file/change-file.js';
export { auditLogPath, type AuditEntry } from './file/audit-log.js';
export { writeFileAtomic } from './file/atomic-write.js';

// Staged rollouts (issue 13): the controller's file writer.
export { fileWriter } from './controller/file-writer.js';
