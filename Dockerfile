# syntax=docker/dockerfile:1
# aiguillage: multi-stage image. Build with the full toolchain (better-sqlite3 compiles natively), run on a
# slim image as a non-root user with only production dependencies. No test tools in the runtime image.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts \
  && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json tsconfig.widget.json ./
COPY scripts ./scripts
COPY src ./src
COPY content ./content
COPY locales ./locales
COPY flows ./flows
COPY public ./public
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/content ./content
COPY --from=build --chown=node:node /app/locales ./locales
COPY --from=build --chown=node:node /app/flows ./flows
COPY --from=build --chown=node:node /app/public ./public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/aiguillage.js", "serve"]
