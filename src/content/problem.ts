/** One problem found in the content: it always names the file, and the record and field when it can. */
export interface Problem {
  file: string;
  /** The rule id, service id, or locale key concerned. */
  record?: string;
  /** The field, as a JSON-pointer-like path ("recommend/1/reason", "telephone"). */
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.record, problem.field].filter(Boolean).join(' › ');
  return `${problem.severity === 'error' ? 'error' : 'warning'}: ${where}: ${problem.message}`;
}
