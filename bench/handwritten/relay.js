// What an integrator would otherwise write: a Node.js relay that takes Commerceup's
// /createorder, maps the order to the ERP's body as the demo tenant does
// (config/tenants/demo-json.yaml), calls the ERP over a keep-alive connection and answers with
// the ERP's order id. No store, no retries, no idempotency record: the comparison point for
// what a connector host's guarantees cost. Node's standard library only.
//
// usage: node relay.js <listen port> <ERP port> <customer ERP id>
"use strict";
const http = require("http");

const [listenPort, erpPort, customerErpId] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const money = (v) => Number(v).toFixed(2);
const address = (a) =>
  a && {
    name: a.name, line1: a.line1, line2: a.line2, city: a.city, state: a.state,
    pincode: a.pincode, country: a.country, phone: a.phone,
  };

function erpOrder(data) {
  return {
    order: {
      externalId: data.order_id,
      orderNumber: data.order_number,
      customerId: customerErpId,
      currency: data.currency,
      orderDate: String(data.placed_at).slice(0, 10),
      paymentMethod: data.payment.method === "cod" ? "COD" : "PREPAID",
      shipTo: address(data.shipping_address),
      billTo: address(data.billing_address),
      lines: data.items.map((item) => ({
        lineRef: item.line_id,
        sku: item.sku,
        description: item.name,
        quantity: item.quantity,
        unitPrice: money(item.unit_price),
        discount: money(item.discount ?? "0"),
        taxAmount: money(item.tax.amount),
        lineTotal: money(Number(item.unit_price) * item.quantity - Number(item.discount ?? "0")),
      })),
      shippingAmount: money(data.shipping.amount),
      grandTotal: money(data.totals.grand_total),
    },
  };
}

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let body;
      try {
        body = JSON.stringify(erpOrder(JSON.parse(Buffer.concat(chunks))));
      } catch (e) {
        return answer(res, 400, { status: "error", message: String(e.message) });
      }
      const call = http.request(
        { host: "127.0.0.1", port: erpPort, path: "/createorder", method: "POST", agent,
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
        (reply) => {
          const parts = [];
          reply.on("data", (c) => parts.push(c));
          reply.on("end", () => {
            try {
              const erp = JSON.parse(Buffer.concat(parts));
              answer(res, 200, { status: "success", orderId: erp.orderId });
            } catch (e) {
              answer(res, 502, { status: "error", message: "the ERP's reply is not JSON" });
            }
          });
        });
      call.on("error", (e) => answer(res, 502, { status: "error", message: e.message }));
      call.end(body);
    });
  })
  .listen(Number(listenPort), "127.0.0.1");
