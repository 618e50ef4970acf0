// Sends track, track_batch, import and import_batch with the official client to a running app.
// Usage: node send.js <port> <token> <secret> <run-id>
const http = require("http");
const https = require("https");

// The client refuses an API secret over plain HTTP and the test server has no TLS: send its "https" as http.
https.request = (options, callback) => {
  const plain = Object.assign({}, options);
  delete plain.agent;
  return http.request(plain, callback);
};

const Mixpanel = require("mixpanel");
const [port, token, secret, run] = process.argv.slice(2);
const host = `127.0.0.1:${port}`;
const tracker = Mixpanel.init(token, { host, protocol: "http", keepAlive: false });
const importer = Mixpanel.init(token, { host, protocol: "https", secret, keepAlive: false });

function call(fn) {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

async function main() {
  const now = Date.now();
  await call((cb) => tracker.track("node track", { distinct_id: "n1", run, emoji: "\u{1F600}", plus: "a+b c" }, cb));
  await call((cb) => tracker.track_batch([
    { event: "node batch", properties: { distinct_id: "n2", run, i: 1, $insert_id: `${run}-b1`, time: now } },
    { event: "node batch", properties: { distinct_id: "n2", run, i: 2, $insert_id: `${run}-b2`, time: now } },
  ], cb));
  const old = now - 30 * 24 * 3600 * 1000;
  await call((cb) => importer.import("node import", old, { distinct_id: "n3", $insert_id: `${run}-i1`, run }, cb));
  await call((cb) => importer.import_batch([
    { event: "node import batch", properties: { distinct_id: "n4", $insert_id: `${run}-i2`, time: old, run } },
    { event: "node import batch", properties: { distinct_id: "n4", $insert_id: `${run}-i3`, time: old, run } },
  ], cb));
  console.log("sent");
}

main().catch((err) => {
  console.error(err && err.message ? err.message : err);
  process.exit(1);
});
