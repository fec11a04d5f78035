import { Controller, Get } from '@nestjs/common';

/** `GET /health`: liveness for load balancers; no credentials needed. */
@Controller('health')
export class HealthController {
  /** Always `{ status: 'ok' }` while the process serves requests. */
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
