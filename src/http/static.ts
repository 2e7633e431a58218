/**
 * The dashboard: web/index.html at `/`, web/embed.html at `/embed` (no chrome,
 * for iframes), and the esbuild bundle from web/dist at `/assets`. Also the
 * security headers of every response: a Content-Security-Policy that allows
 * scripts and styles from this origin only (no inline script, no inline
 * handlers, no inline styles); embeds may be framed by any site.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { PROJECT_ROOT } from '../config.js';

export const WEB_DIR = path.join(PROJECT_ROOT, 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');

const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  upgradeInsecureRequests: null, // served over plain HTTP on localhost; a TLS proxy in front may add it
};

const pageHeaders = helmet({ contentSecurityPolicy: { useDefaults: false, directives } });
const embedHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { ...directives, frameAncestors: ['*'] } },
  xFrameOptions: false, // an embed exists to be framed by newsrooms' pages
});

/** Security headers for every response; /embed alone may be framed by other sites. */
export const securityHeaders: RequestHandler = (req, res, next) => (req.path === '/embed' ? embedHeaders : pageHeaders)(req, res, next);

function page(file: string): RequestHandler {
  return (_req, res) => {
    if (!existsSync(path.join(WEB_DIST, 'app.js'))) {
      res.status(503).type('text/plain').send('The dashboard is not built yet: run `npm run build:web` (the JSON API under /api works without it).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(WEB_DIR, file));
  };
}

export function mountDashboard(app: Express): void {
  app.get('/', page('index.html'));
  app.get('/embed', page('embed.html'));
  // Not content-hashed: revalidate each time (ETag), cheap on a local server.
  app.use('/assets', express.static(WEB_DIST, { index: false, fallthrough: true, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
}
