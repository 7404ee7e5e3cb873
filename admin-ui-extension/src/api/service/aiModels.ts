import { call } from '@/base/http/request'
import type { ModelVersion, Page, RegisteredModel, VersionServing, VersionStatus } from '@/api/service/aiTypes'

const base = '/ai/models'
const path = (model: string) => `${base}/${encodeURIComponent(model)}`

/** Search filters of `GET /ai/models`; empty values are left out. */
export interface ModelSearch {
  namePrefix?: string
  /** `key:value` filters, all must match. */
  tag?: string[]
  alias?: string
  status?: VersionStatus | ''
  pageSize?: number
  pageToken?: string
}

/** Models sorted by name, one page at a time. */
export const searchModels = (search: ModelSearch): Promise<Page<RegisteredModel>> =>
  call({
    url: base,
    method: 'get',
    params: Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined && v !== '' && v !== null)),
    // tag=a:b&tag=c:d, as the server reads a repeated parameter
    paramsSerializer: { indexes: null }
  })

export const getModel = (model: string): Promise<RegisteredModel> => call({ url: path(model), method: 'get' })

/** Every version of a model, following the pages. */
export async function listAllVersions(model: string): Promise<ModelVersion[]> {
  const versions: ModelVersion[] = []
  let pageToken: string | undefined
  do {
    const page: Page<ModelVersion> = await call({
      url: `${path(model)}/versions`,
      method: 'get',
      params: { pageSize: 1000, pageToken }
    })
    versions.push(...page.items)
    pageToken = page.nextPageToken ?? undefined
  } while (pageToken)
  return versions
}

/** Points an alias at a version; the registry writes it into the model's route rule before it answers. */
export const setAlias = (model: string, alias: string, version: number): Promise<RegisteredModel> =>
  call({
    url: `${path(model)}/aliases/${encodeURIComponent(alias)}`,
    method: 'put',
    data: { version },
    silent: true
  })

/** The artifact's bytes, checked by the server against its SHA-256 before it sends them. */
export const downloadArtifact = (model: string, version: number): Promise<Blob> =>
  call({ url: `${path(model)}/versions/${version}/artifact`, method: 'get', responseType: 'blob' })

/** Where a version is served now: ready providers, registered addresses and model hosts' states. */
export const getServing = (model: string, version: number): Promise<VersionServing> =>
  call({ url: `${path(model)}/versions/${version}/serving`, method: 'get', silent: true })
