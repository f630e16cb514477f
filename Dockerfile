# syntax=docker/dockerfile:1
# aiguillage: multi-stage image on Node 24 LTS. better-sqlite3 ships prebuilt binaries: no toolchain, no
# rebuild. The runtime image has production packages only (no TypeScript, no test tools) and runs as a
# non-root user. test/dockerfile.test.ts rebuilds these stages' file sets from this file and starts the
# server from the runtime set: a file missing here fails CI.

# Build: every file the build reads.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json tsconfig.widget.json tsconfig.staff.json ./
COPY scripts ./scripts
COPY src ./src
COPY content ./content
RUN npm run build

# Production packages only.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --omit=peer --ignore-scripts --no-audit --no-fund

# Runtime: every file the server reads.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --chown=node:node package.json ./
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node bin ./bin
COPY --chown=node:node content ./content
COPY --chown=node:node locales ./locales
COPY --chown=node:node flows ./flows
COPY --chown=node:node public ./public
COPY --chown=node:node assets ./assets
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/aiguillage.js", "serve"]
