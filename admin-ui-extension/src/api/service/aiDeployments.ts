import { call } from '@/base/http/request'
import type { Deployment, DeploymentSpec } from '@/api/service/aiTypes'

/** The deployments API of dubbo-ai-deployment (docs/deployment.md): rollouts and their actions. */
const base = '/ai/deployments'
const path = (name: string) => `${base}/${encodeURIComponent(name)}`

export type DeploymentAction = 'promote' | 'pause' | 'resume' | 'abort' | 'rollback'

/** Every deployment, oldest first. */
export const listDeployments = async (): Promise<Deployment[]> =>
  ((await call<{ deployments: Deployment[] }>({ url: base, method: 'get' })).deployments ?? [])

export const getDeployment = (name: string): Promise<Deployment> => call({ url: path(name), method: 'get' })

/** Starts a rollout; 400 lists every problem with its path, 409 when the name is taken or the model is held. */
export const createDeployment = (spec: DeploymentSpec): Promise<Deployment> =>
  call({ url: base, method: 'post', data: spec, silent: true })

/** 409 when the phase does not allow the action. */
export const deploymentAction = (name: string, action: DeploymentAction): Promise<Deployment> =>
  call({ url: `${path(name)}/${action}`, method: 'post', silent: true })
