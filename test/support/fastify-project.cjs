// Setup file of Jest's `fastify` project (jest.config.js): every app the suites start runs on Fastify.
process.env.EDGE_ADAPTER = 'fastify';
