import { call } from '@/base/http/request'
import type { Experiment, ExperimentRequest } from '@/api/service/aiTypes'

/** The A/B testing API of dubbo-ai-abtest: experiments, their results now and over time, and their actions. */
const base = '/ai/experiments'
const path = (id: string) => `${base}/${encodeURIComponent(id)}`

/** Every experiment, without results. */
export const listExperiments = (): Promise<Experiment[]> => call({ url: base, method: 'get' })

/** One experiment with its results now and the engine's readings, oldest first. */
export const getExperiment = (id: string): Promise<Experiment> => call({ url: path(id), method: 'get' })

/** Creates a draft; 400 lists every problem, 409 when the id is taken. */
export const createExperiment = (request: ExperimentRequest): Promise<Experiment> =>
  call({ url: base, method: 'post', data: request, silent: true })

/** `start`, `stop`, or carrying out the recorded decision (`decision/apply`); 409 when the model is held or the state forbids it. */
export const experimentAction = (id: string, action: 'start' | 'stop' | 'decision/apply'): Promise<Experiment> =>
  call({ url: `${path(id)}/${action}`, method: 'post', silent: true })
