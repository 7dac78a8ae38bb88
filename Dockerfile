# The portal (`npm run portal`) as a container image. Node 24 runs the TypeScript sources as they
# are (type stripping), so the image holds the sources the portal imports and the production
# dependencies, nothing built. The tag is the Node of the project's `node` devDependency.
#   docker compose up -d --build      (compose.yaml: settings from .env, data on a volume)
FROM node:24.21.0-slim

# The portal listens on every interface of the container; its SQLite files live on /data.
ENV NODE_ENV=production \
    PORTAL_HOST=0.0.0.0 \
    PORTAL_PORT=3000 \
    PORTAL_DATA=/data

WORKDIR /app

# The production dependencies only: the `node` devDependency is left out, this image's Node runs
# the portal. No install scripts (none of the production dependencies needs one).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# What portal/main.ts imports, and the portal's stylesheet (portal/assets).
COPY domain ./domain
COPY kintone ./kintone
COPY schemas ./schemas
COPY portal ./portal

# The official image's unprivileged user owns the data folder; the portal never runs as root.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]

EXPOSE 3000

# /healthz answers "ok" while the portal serves (portal/routes/health.ts). The slim image has no
# curl: Node's own fetch, given up after 4 seconds.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORTAL_PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# What `npm run portal` runs; SIGTERM (docker stop) stops it cleanly.
CMD ["node", "--max-semi-space-size=8", "portal/main.ts"]
