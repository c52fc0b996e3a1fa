import { engineSuite } from './harness/journey.ts'
import { journeys } from './journeys.ts'

engineSuite('chromium', journeys)
