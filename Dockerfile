# syntax=docker/dockerfile:1
# The app as a container: Next.js's standalone output on Node 24 LTS, run as a non-root user.
#   docker build -t saas-app .            then see compose.yaml for PostgreSQL and the migrations
# Set DATABASE_URL=postgres://… at run time (the embedded database is for development).
# The same standalone server is tested without Docker by tests/e2e/standalone.spec.ts.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the postinstall would migrate and seed a database inside the image.
RUN npm ci --ignore-scripts
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production BUILD_STANDALONE=true
# NEXT_PUBLIC_* are read at start-up (not inlined), so one image serves every telemetry destination.
# patch-package: the fixes in patches/ (the postinstall applies them on every other install).
RUN npx patch-package --error-on-fail && npm run db:generate && npm run build

# Migrations and the plans (never the demo account: NODE_ENV=production), run once per release.
FROM build AS migrate
CMD ["sh", "-c", "npm run db:deploy && npm run db:seed"]

FROM node:24-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 MALLOC_ARENA_MAX=2
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
