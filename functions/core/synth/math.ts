/**
 * Math functions bound once at module scope. Under Jest's vm context every read of a global
 * (`Math` included) goes through the context's global object and costs about a microsecond;
 * the generator calls these tens of millions of times, so the tests would run a hundred times
 * slower than the CLI. A module-scope binding is as fast there as in plain Node.
 */
export const { exp, floor, imul, log, max, min, PI, round, sin, sqrt } = Math;
