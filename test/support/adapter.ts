import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AbstractHttpAdapter } from '@nestjs/core';

/** The HTTP platforms every e2e and conformance suite runs on. */
export type TestPlatform = 'express' | 'fastify';

/**
 * The platform of this test run: Jest's `fastify` project sets `EDGE_ADAPTER=fastify` (see
 * jest.config.js), so every e2e and conformance suite runs once per platform.
 */
export function testPlatform(): TestPlatform {
  const value = process.env.EDGE_ADAPTER ?? 'express';
  if (value !== 'express' && value !== 'fastify') throw new Error(`EDGE_ADAPTER must be express or fastify, not "${value}"`);
  return value;
}

/**
 * A fresh adapter for `platform`. Fastify gets Express's default JSON body limit (100 kB, or
 * `bodyLimit`), so the same suites expect the same 413s on both.
 */
export function createTestAdapter(platform: TestPlatform = testPlatform(), bodyLimit = '100kb'): AbstractHttpAdapter {
  if (platform === 'express') return new ExpressAdapter();
  return new FastifyAdapter({ bodyLimit: bytes(bodyLimit) });
}

/** `'100kb'` → 102400 (the notation Express's body parser takes). */
export function bytes(size: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(size.trim());
  if (match === null) throw new Error(`cannot read the size "${size}"`);
  const unit = (match[2] ?? 'b').toLowerCase();
  return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}
