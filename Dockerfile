# The relay on Node: `docker build -t parley .` then
# `docker run -p 8787:8787 -e DIFY_API_KEY=app-… -e SESSION_SECRET=… -e ALLOWED_ORIGINS=https://… parley`
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npx -y pnpm@10.34.9 install --frozen-lockfile \
 && npx -y pnpm@10.34.9 build

# The bundle (node.js and the chunks it loads on demand) and the widget: no node_modules, no pnpm.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787
WORKDIR /app
COPY --from=build /src/relay/package.json relay/package.json
COPY --from=build /src/relay/dist/node.js relay/dist/node.js
COPY --from=build /src/relay/dist/chunks relay/dist/chunks
COPY --from=build /src/widget/dist/*.js widget/dist/
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: streams finish within SHUTDOWN_GRACE (keep it below
# `docker stop -t`, 10 s by default, or raise -t).
CMD ["node", "relay/dist/node.js"]
