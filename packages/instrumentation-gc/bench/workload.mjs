// A request-like, GC-heavy workload: each unit parses a small JSON body, builds a response
// object, serialises it, and keeps the latest results in a bounded cache, so some objects
// survive scavenges and get promoted (the old generation churns and major GCs happen too).

const CACHE_SIZE = 5_000;
const cache = new Array(CACHE_SIZE);
let cursor = 0;

const body = JSON.stringify({
  user: { id: 42, name: 'Ada', roles: ['admin', 'dev'] },
  items: Array.from({ length: 20 }, (_, i) => ({ sku: `sku-${i}`, qty: i % 3, price: i * 1.5 })),
});

export function requestLike(units) {
  let checksum = 0;
  for (let i = 0; i < units; i++) {
    const request = JSON.parse(body);
    const lines = request.items.map((item) => ({ ...item, total: item.qty * item.price }));
    const response = { user: request.user.name, lines, at: i };
    const text = JSON.stringify(response);
    checksum += text.length;
    if (i % 4 === 0) cache[cursor++ % CACHE_SIZE] = response;
  }
  return checksum;
}
