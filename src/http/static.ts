/**
 * The dashboard: web/index.html at `/`, web/embed.html at `/embed` (no chrome,
 * for iframes), and the esbuild bundle from web/dist at `/assets`. Also the
 * security headers of every response: a Content-Security-Policy that allows
 * scripts and styles from this origin only (no inline script, no inline
 * handlers, no inline styles); embeds may be framed by any site (the embed route says so).
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

/** Security headers for every response: framed by this origin only, unless the embed route lifts that (frameable). */
export const securityHeaders: RequestHandler = pageHeaders;

/**
 * The embed page's headers, set by its route rather than by a test of the
 * path: whatever Express routes to the embed page (any case, a trailing
 * slash) may be framed, and nothing else, so routing and framing cannot disagree.
 */
const frameable: RequestHandler = (req, res, next) => {
  res.removeHeader('X-Frame-Options'); // set by securityHeaders; embedHeaders replaces the CSP but, told to skip this one, would leave it
  embedHeaders(req, res, next);
};

/**
 * /embed/, /EMBED and the like are sent to /embed itself: the page's relative
 * `assets/app.js` resolves to /embed/assets/app.js from /embed/, and the
 * dashboard tells embed mode by the path. The Location is relative, so a path
 * prefix in front of the server survives; the query string goes along.
 */
const canonicalEmbedPath: RequestHandler = (req, res, next) => {
  if (req.path === '/embed') return next();
  const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
  res.redirect(301, `${req.path.endsWith('/') ? '../' : './'}embed${query}`);
};

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
  app.get('/embed', frameable, canonicalEmbedPath, page('embed.html'));
  // Not content-hashed: revalidate each time (ETag), cheap on a local server.
  app.use('/assets', express.static(WEB_DIST, { index: false, fallthrough: true, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
}
