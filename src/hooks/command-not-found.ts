import type {Hook} from '@oclif/core'

// An unknown command is a usage error like any other: one line, exit 2, with the nearest
// commands. (oclif's not-found plugin exits 127 with two lines, and prompts on a terminal.)

function distance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }

    previous = current
  }

  return previous[b.length]
}

const hook: Hook<'command_not_found'> = async function ({config, id}) {
  const typed = id.replaceAll(':', ' ')
  const known = new Set([...config.commandIDs, ...config.topics.map((topic) => topic.name)].map((name) => name.replaceAll(':', ' ')))
  const nearest = [...known]
    .map((name) => ({name, cost: distance(typed, name)}))
    .filter(({cost}) => cost <= Math.max(2, Math.floor(typed.length / 4)))
    .sort((a, b) => a.cost - b.cost || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map(({name}) => `ac ${name}`)
  const hint = nearest.length > 0 ? `Did you mean ${nearest.join(', ')}?` : 'See ac --help'
  process.stderr.write(`Error: "ac ${typed}" is not a command. ${hint}\n`)
  process.exit(2)
}

export default hook
