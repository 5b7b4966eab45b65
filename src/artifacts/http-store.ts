/** https:// artifacts (http:// only as http-client.ts allows): HEAD for stat, GET with Range to resume. */
import {
  accessDenied,
  nothingFrom,
  notFound,
  unreachable,
  type ArtifactStore,
  type ObjectBody,
  type ObjectInfo,
  type StoreOptions,
} from './artifact-store.js';
import { authVariableFor, HttpClient, type HttpAnswer } from './http-client.js';

export function createHttpStore(options: StoreOptions): ArtifactStore {
  const client = new HttpClient(options);
  return {
    supportsRanges: true,
    async stat(uri: string): Promise<ObjectInfo> {
      let answer = await client.send({ method: 'HEAD', url: uri });
      // Some servers and presigned URLs answer GET only.
      if (answer.status === 405 || answer.status === 501) answer = await client.send({ method: 'GET', url: uri });
      answer.body.destroy();
      refuseFailure(uri, answer);
      return { size: contentLength(answer), etag: header(answer, 'etag') };
    },
    async read(uri: string, offset = 0): Promise<ObjectBody> {
      const answer = await client.send({ method: 'GET', url: uri, offset });
      if (answer.status !== 200 && answer.status !== 206) answer.body.destroy();
      if (answer.status === 416 && offset > 0) return nothingFrom(offset);
      refuseFailure(uri, answer);
      return { stream: answer.body, offset: answer.status === 206 ? offset : 0 };
    },
  };
}

/** Throws for anything but a 2xx, by what the status means for the user. */
export function refuseFailure(uri: string, answer: HttpAnswer): void {
  const { status } = answer;
  if (status >= 200 && status < 300) return;
  if (status === 404 || status === 410) throw notFound(uri, `HTTP ${status}`);
  if (status === 401 || status === 403) {
    const variable = authVariableFor(answer.url);
    throw accessDenied(
      uri,
      `HTTP ${status}`,
      variable === undefined
        ? `modelreg sends no credentials to ${answer.url.host}: a host name with "_" could share its variable with another host. Use the host's DNS name.`
        : `Set ${variable} to the Authorization header value the server expects (e.g. "Bearer <token>"); it is sent to that host only. A "-" in the host name is written "__".`,
    );
  }
  throw unreachable(uri, `HTTP ${status}`);
}

function contentLength(answer: HttpAnswer): number | undefined {
  const value = Number(header(answer, 'content-length'));
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return typeof value === 'string' ? value : undefined;
}
