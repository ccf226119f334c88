export { runCli } from './program.js';
export { CliError, type ExitCode } from './cli-error.js';
export { rollbackFile, type RollbackOptions } from './commands/rollback.js';
export { promoteFile, type PromoteOptions, type PromoteResult, type Approval } from './commands/promote.js';
export { setWeights, parseAssignments, type SetWeightsOptions } from './commands/set-weights.js';
export { undoFile, type UndoResult } from './commands/undo.js';
export {
  fileStatus,
  formatStatus,
  type RouteStatus,
  type VariantStatus,
  type StatusOptions,
} from './commands/status.js';
export {
  gateConditions,
  type RouteGateStatus,
  type GateCondition,
  type GateReadiness,
} from './commands/gate-status.js';
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
export { writeFileAtomic, type AtomicWriteOptions } from './file/atomic-write.js';
export { alertRules, RULE_PRODUCERS, type AlertRulesOptions } from './alerts/alert-rules.js';
export { hardTriggerRules } from './alerts/hard-trigger-rules.js';
export type { RuleGroup, RecordingRule, AlertingRule, RuleProducer, RouteRuleContext } from './alerts/rule-types.js';
export type { RouteSeries } from './alerts/route-series.js';
export { formatRuleGroups } from './alerts/rules-yaml.js';
export { alertsFile, type AlertsFileResult } from './commands/alerts.js';
export { createAlertReceiver, type AlertReceiver, type AlertReceiverOptions } from './alerts/alert-receiver.js';
export { parseWebhookPayload, type WebhookPayload, type WebhookAlert } from './alerts/webhook-payload.js';
export { loadRegistry, registryPath, type ModelRegistry, type RegisteredModel } from './registry/model-registry.js';
export { addModel } from './registry/add-model.js';

// Staged rollouts (issue 13): the controller's file writer.
export { fileWriter, type FileWriterOptions } from './controller/file-writer.js';
export { reportFile, type ReportFlags, type ReportResult } from './commands/report.js';
export {
  writeAnalysisSnapshot,
  analysisSnapshot,
  type AnalysisSnapshot,
  type SnapshotSource,
  type SnapshotOptions,
} from './report/analysis-snapshot.js';
