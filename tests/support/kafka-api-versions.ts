/** Asks a broker which API versions it supports (ApiVersions v0), to show in the test log that it is real. */
import net from 'node:net';

const API_VERSIONS_KEY = 18;

export async function brokerApiVersions(broker: string): Promise<Map<number, [min: number, max: number]>> {
  const [host, port] = broker.split(':') as [string, string];
  const clientId = Buffer.from('godonu-probe');
  const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  request.writeInt32BE(request.length - 4, 0);
  request.writeInt16BE(API_VERSIONS_KEY, 4);
  request.writeInt16BE(0, 6);
  request.writeInt32BE(1, 8);
  request.writeInt16BE(clientId.length, 12);
  clientId.copy(request, 14);
  const response = await new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect(Number(port), host, () => socket.write(request));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 4 && buf.length >= buf.readInt32BE(0) + 4) {
        socket.end();
        resolve(buf);
      }
    });
    socket.on('error', reject);
  });
  const errorCode = response.readInt16BE(8);
  if (errorCode !== 0) throw new Error(`ApiVersions failed with error code ${errorCode}`);
  const count = response.readInt32BE(10);
  const versions = new Map<number, [number, number]>();
  for (let i = 0, at = 14; i < count; i++, at += 6) {
    versions.set(response.readInt16BE(at), [response.readInt16BE(at + 2), response.readInt16BE(at + 4)]);
  }
  return versions;
}
