/**
 * What a build reports besides the draft: diagnostics (with the line and an excerpt), the parts of source
 * lines the output deliberately leaves out (cuts, for the no-text-lost check), and how many wrapped lines
 * it joined.
 */
import type { Cut } from './check.ts';
import type { Span } from './classify.ts';
import { DIAGNOSTIC_CODES as D, type Diagnostic, type DiagnosticCode, excerptOf } from './diagnostics.ts';
import type { SourceLine } from './source.ts';
import { normalizeForCheck } from './text.ts';

export class BuildLog {
  readonly diagnostics: Diagnostic[] = [];
  readonly cuts: Cut[] = [];
  joinedLines = 0;
  /** The first numbering style seen per kind of label, to report a mixture. */
  readonly #styles = new Map<string, { style: string; line: number }>();
  readonly #lines: readonly SourceLine[];
  /** What line numbers count, for messages: `line` or `paragraph`. */
  readonly #unit: string;

  constructor(lines: readonly SourceLine[], unit: string) {
    this.#lines = lines;
    this.#unit = unit;
  }

  report(line: SourceLine | number, code: DiagnosticCode, message: string): void {
    const source = typeof line === 'number' ? undefined : line;
    this.diagnostics.push({
      line: typeof line === 'number' ? line : line.line,
      code,
      message,
      ...(source ? { excerpt: excerptOf(source.text) } : {}),
    });
  }

  /** Records that `span` of the line at `index` is not carried into the output. */
  cut(index: number, span: Span, reason: Cut['reason']): void {
    const raw = this.#lines[index]?.text ?? '';
    const start = normalizeForCheck(raw.slice(0, span.start)).length;
    const text = normalizeForCheck(raw.slice(span.start, span.end));
    if (text.length > 0) {
      this.cuts.push({
        index,
        line: this.#lines[index]?.line ?? 0,
        start,
        end: start + text.length,
        reason,
        text,
      });
    }
  }

  /** A whole line of the 目录. */
  cutWhole(index: number): void {
    this.cut(index, { start: 0, end: this.#lines[index]?.text.length ?? 0 }, 'toc');
  }

  /** A wrapped line joined with the one before. */
  joined(source: SourceLine, message: string): void {
    this.joinedLines += 1;
    this.report(source, D.wrappedLine, message);
  }

  /** Reports a label printed in another style than the first of its kind (第十条 after 第1条). */
  checkStyle(source: SourceLine, category: string, style: string, describe: string): void {
    const first = this.#styles.get(category);
    if (!first) {
      this.#styles.set(category, { style, line: source.line });
    } else if (first.style !== style) {
      this.report(
        source,
        D.mixedNumbering,
        `${describe} printed with ${quote(style)} here but with ${quote(first.style)} on ${this.#unit} ${first.line}`,
      );
    }
  }

  /** Diagnostics by line and cuts by position, as the result carries them. */
  sorted(): { diagnostics: Diagnostic[]; cuts: Cut[] } {
    this.diagnostics.sort((a, b) => a.line - b.line);
    this.cuts.sort((a, b) => a.index - b.index || a.start - b.start);
    return { diagnostics: this.diagnostics, cuts: this.cuts };
  }
}

function quote(style: string): string {
  return style === 'cn' ? 'Chinese numerals' : style === 'arabic' ? 'Arabic digits' : `“${style}”`;
}
