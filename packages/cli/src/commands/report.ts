import { writeFileAtomic } from '../file/atomic-write.js';
import { type GatherOptions, gatherReport } from '../report/report-data.js';
import { type Answer, headline } from '../report/report-headline.js';
import { renderReport } from '../report/render-report.js';

/** The flags of `modelroute report <file> --route ROUTE --out report.html`. */
export interface ReportFlags extends GatherOptions {
  /** The route to report on. Required. */
  readonly route: string;
  /** Where to write the page. Required. */
  readonly out: string;
}

/** What `modelroute report` wrote. */
export interface ReportResult {
  readonly out: string;
  readonly bytes: number;
  readonly answer: Answer;
  /** The header's answer in words. */
  readonly because: string;
  readonly entries: number;
}

/**
 * Writes the report of `route` in `file` to `flags.out`: one self-contained HTML page (docs/report.md)
 * from the rollout file, its history and, when given, an analysis snapshot and Prometheus' figures.
 */
export async function reportFile(file: string, flags: ReportFlags): Promise<ReportResult> {
  const data = await gatherReport(file, flags.route, flags);
  const html = renderReport(data);
  await writeFileAtomic(flags.out, html);
  const h = headline(data);
  return {
    out: flags.out,
    bytes: Buffer.byteLength(html),
    answer: h.answer,
    because: h.because,
    entries: data.timeline.length,
  };
}
