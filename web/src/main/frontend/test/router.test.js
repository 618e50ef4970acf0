import { describe, expect, it } from 'vitest';
import { pageFor, parseRoute } from '../src/router.js';

describe('routes', () => {
    it('parses hash routes and decodes segments', () => {
        expect(parseRoute('#/apps/my%20app')).toEqual({ path: '/apps/my%20app', parts: ['apps', 'my app'] });
        expect(parseRoute('')).toEqual({ path: '/', parts: [] });
    });
    it('sends signed-out users to sign-in whatever the route', () => {
        expect(pageFor(parseRoute('#/billing'), false)).toBe('signin');
        expect(pageFor(parseRoute('#/signup'), false)).toBe('signin');
    });
    it('maps signed-in routes to pages, unknown ones to the apps list', () => {
        expect(pageFor(parseRoute('#/apps/demo'), true)).toBe('app');
        expect(pageFor(parseRoute('#/analytics'), true)).toBe('analytics');
        expect(pageFor(parseRoute('#/signin'), true)).toBe('apps');
        expect(pageFor(parseRoute('#/nope'), true)).toBe('apps');
    });
});
