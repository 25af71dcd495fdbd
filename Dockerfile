# Build: compiles TypeScript and the better-sqlite3 addon, then drops the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin bin
COPY src src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Run: only what the service needs.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    DATABASE_URL=sqlite:/app/data/en-indgang.sqlite
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY knowledge-base knowledge-base
COPY routing-rules routing-rules
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/en-indgang.js", "serve"]
