import { Controller, Get } from '@nestjs/common';
import { Public, SkipRateLimit, StayOpen } from '../../lib/index.js';

/** `GET /health`: liveness for load balancers; no credentials, no rate limit, open in maintenance. */
@Controller('health')
@Public()
@StayOpen()
@SkipRateLimit()
export class HealthController {
  /** Always `{ status: 'ok' }` while the process serves requests. */
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
