import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { Public, SkipRateLimit, StayOpen } from '../../lib/index.js';
import type { SampleClockControl } from './settable-clock.js';

/** Injection token of the settable clock (present only when the app runs with one). */
export const SAMPLE_CLOCK_CONTROL = Symbol('SampleClockControl');

/** `POST /v1/sandbox/clock` body. */
export class AdvanceClockDto {
  /** Seconds to move the clock forward (at most a year). */
  @IsInt()
  @Min(0)
  @Max(366 * 24 * 3600)
  seconds!: number;
}

/**
 * The test hook of a settable clock (`SAMPLE_CLOCK=…`): read and move the app's time from
 * outside. Mounted only when the app was started with `SAMPLE_CLOCK`, never in a normal run, so it
 * needs no credentials and counts against no limit.
 */
@Controller('v1/sandbox/clock')
@Public()
@StayOpen()
@SkipRateLimit()
export class ClockController {
  constructor(@Inject(SAMPLE_CLOCK_CONTROL) private readonly clock: SampleClockControl) {}

  /** The app's now. */
  @Get()
  now(): { now: string } {
    return { now: new Date(this.clock.read()).toISOString() };
  }

  /** Moves the app's time forward by `seconds`; answers the new now. */
  @Post()
  @HttpCode(200)
  advance(@Body() dto: AdvanceClockDto): { now: string } {
    this.clock.advance(dto.seconds * 1000);
    return this.now();
  }
}
