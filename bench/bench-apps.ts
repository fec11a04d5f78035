import 'reflect-metadata';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type DynamicModule,
  type Type,
} from '@nestjs/common';
import { ApiEdgeModule, apiError } from '../lib/index.js';

/** Always refuses with Nest's own exception: the bare app's error path. */
@Injectable()
class BareDenyGuard implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException();
  }
}

/** Always refuses with a catalogued error: the edge app's error path without authentication. */
@Injectable()
class EdgeDenyGuard implements CanActivate {
  canActivate(): boolean {
    throw apiError('missing_credentials');
  }
}

function controllerWith(deny: Type<CanActivate>): Type {
  @Controller('v1')
  class BenchController {
    @Get('ping')
    ping() {
      return { ok: true };
    }

    @Post('messages')
    send() {
      return { id: 'msg_1', status: 'queued' };
    }

    @Get('denied')
    @UseGuards(deny)
    denied() {
      return { ok: true };
    }
  }
  return BenchController;
}

/** A benchmark variant: the root module of the app the server process starts. */
export interface BenchVariant {
  readonly description: string;
  readonly module: () => Type | DynamicModule;
}

function app(imports: Array<Type | DynamicModule>, deny: Type<CanActivate>): Type {
  @Module({ imports, controllers: [controllerWith(deny)], providers: [deny] })
  class BenchModule {}
  return BenchModule;
}

/** Every variant the harness can start, by name. */
export const BENCH_VARIANTS: Record<string, BenchVariant> = {
  bare: {
    description: 'bare Nest 12 + Express, no module',
    module: () => app([], BareDenyGuard),
  },
  edge: {
    description: 'ApiEdgeModule.forRoot({ envelope: "nested" }) with defaults',
    module: () => app([ApiEdgeModule.forRoot({ envelope: 'nested' })], EdgeDenyGuard),
  },
};
