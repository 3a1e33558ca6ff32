/** A Prometheus recording rule; `help` says what it measures (rendered as a comment-like label-free doc). */
export interface RecordingRule {
  record: string;
  expr: string;
  help: string;
}

export type Severity = 'critical' | 'warning' | 'info';

/**
 * An alert, written once and rendered both as a Prometheus alerting rule and as a Grafana-managed
 * rule. `signal` is the measured quantity; the Prometheus expression is `signal comparison`.
 */
export interface AlertRule {
  alert: string;
  severity: Severity;
  signal: string;
  /** `> 0.05`, or a vector comparison such as `> clamp_min(x, 0.1)`. */
  comparison: string;
  for: string;
  /** Static sentence ending in a period. */
  summary: string;
  /** Templated text; `value` is how the rule language spells the measured value. */
  description: (value: string) => string;
  /** Grafana form: A = query, B = last(A), C = B > threshold. Default: the signal against the comparison's number. */
  grafana?: { query: string; threshold: number; description: (value: string) => string };
  /** Set by the one pass in `alerts/runbooks.ts`. */
  runbookUrl?: string;
}

export interface RuleGroup<T> {
  name: string;
  rules: T[];
}
