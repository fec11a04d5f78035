import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line (message, context and stack) for assertions. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(message: unknown, ...rest: unknown[]): void { this.push('log', message, rest); }
  error(message: unknown, ...rest: unknown[]): void { this.push('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]): void { this.push('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]): void { this.push('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]): void { this.push('verbose', message, rest); }
  fatal(message: unknown, ...rest: unknown[]): void { this.push('fatal', message, rest); }

  /** Everything logged, as one string (to search for leaked secrets). */
  text(): string {
    return this.lines.join('\n');
  }

  private push(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push([level, String(message), ...rest.map((r) => (r instanceof Error ? r.stack : String(r)))].join(' | '));
  }
}
