// Demo movies: twenty invented titles, people and stories. Release dates are relative to the day
// the demo is loaded, so there is always something out now and something coming soon.
import type { Genre, Rating } from '../../domain/movie-rules.ts';

export interface DemoMovie {
  title: string;
  synopsis: string;
  runtimeMinutes: number;
  rating: Rating;
  genres: Genre[];
  cast: string[];
  /** Days after the load day (negative: already released). */
  releaseInDays: number;
}

export const DEMO_MOVIES: DemoMovie[] = [
  {
    title: 'The Lanterns of Vey',
    synopsis:
      'In a river town that floods every spring, a ferryman smuggles lanterns to the families the council has left in the dark, until one light leads him to a drowned archive.',
    runtimeMinutes: 118,
    rating: 'PG',
    genres: ['drama', 'fantasy'],
    cast: ['Ada Okonkwo', 'Rui Falcão Mendes', 'Tamsin Hollowell'],
    releaseInDays: -96,
  },
  {
    title: 'Copper Meridian',
    synopsis:
      'A survey pilot mapping an abandoned orbital ring finds a crew that should have died forty years ago, and they insist she is the one who is lost.',
    runtimeMinutes: 134,
    rating: 'PG-13',
    genres: ['science-fiction', 'thriller'],
    cast: ['Mireille Baptiste', 'Jonah Kettleby', 'Sunniva Aarvik'],
    releaseInDays: -61,
  },
  {
    title: 'Seven Kettles',
    synopsis:
      'Seven siblings, one inherited tea shop and a recipe book written entirely in riddles: a week of squabbles, burnt scones and an unexpected inspector.',
    runtimeMinutes: 92,
    rating: 'PG',
    genres: ['comedy', 'family'],
    cast: ['Priya Ramaswamy', 'Otto Lindqvist', 'Beatriz Calado', 'Femi Adeyemo'],
    releaseInDays: -40,
  },
  {
    title: 'Salt and Sparrow',
    synopsis:
      'A lighthouse keeper and a travelling piano tuner exchange letters across one stormy winter, each pretending to be someone braver.',
    runtimeMinutes: 107,
    rating: 'PG-13',
    genres: ['romance', 'drama'],
    cast: ['Clémence Aubrac', 'Declan Moorcroft'],
    releaseInDays: -133,
  },
  {
    title: 'The Quiet Cartographer',
    synopsis:
      'When the maps of a mountain province begin to show villages nobody has built yet, a retired mapmaker is called back to find who is drawing the future.',
    runtimeMinutes: 121,
    rating: 'PG-13',
    genres: ['mystery', 'drama'],
    cast: ['Halvard Brennecke', 'Yusra Qadiri', 'Lionel Ashgrove'],
    releaseInDays: -19,
  },
  {
    title: 'Nightshift at Harrow Lane',
    synopsis:
      'A night porter at a closing hospital hears the lifts moving between floors that were bricked up in the seventies.',
    runtimeMinutes: 98,
    rating: 'R',
    genres: ['horror'],
    cast: ['Kasia Wrobel-Dunn', 'Marcus Heathfield', 'Ines Vidal Roca'],
    releaseInDays: -12,
  },
  {
    title: 'Orbit of Small Things',
    synopsis:
      'A lost bolt, a runaway marble and a very determined button drift around a space station looking for the drawer they came from.',
    runtimeMinutes: 84,
    rating: 'G',
    genres: ['animation', 'family', 'adventure'],
    cast: ['Noor Elbaz', 'Teodor Vasilescu', 'Maggie Threlfall'],
    releaseInDays: -54,
  },
  {
    title: 'Ironbark Ridge',
    synopsis:
      'Two estranged brothers drive the last cattle herd across a drought-struck plateau while a railway company buys up every well on the way.',
    runtimeMinutes: 142,
    rating: 'R',
    genres: ['western', 'drama'],
    cast: ['Callum Ferriday', 'Joaquim Serrano Lobo', 'Edith Marlowe-Kane'],
    releaseInDays: -88,
  },
  {
    title: "The Glasswright's Daughter",
    synopsis:
      'In a guild city of the fifteenth century, the daughter of a disgraced glassmaker rebuilds a cathedral window her father was accused of sabotaging.',
    runtimeMinutes: 156,
    rating: 'PG-13',
    genres: ['historical', 'drama'],
    cast: ['Saoirse Quennell', 'Anselm Dorfmann', 'Lucía Ybarra'],
    releaseInDays: -27,
  },
  {
    title: 'Ninefold',
    synopsis:
      'A courier must cross a city in nine hours with a briefcase every syndicate wants, and a handcuff key that only fits after midnight.',
    runtimeMinutes: 128,
    rating: 'R',
    genres: ['action', 'thriller'],
    cast: ['Dario Castellane', 'Ngozi Achterberg', 'Wes Pemberton'],
    releaseInDays: -5,
  },
  {
    title: 'Paper Comets',
    synopsis:
      'A shy origami club enters a science fair with a paper rocket, and a rival school with a real one.',
    runtimeMinutes: 88,
    rating: 'PG',
    genres: ['animation', 'comedy'],
    cast: ['Hana Morikawa', 'Elliot Brisbane', 'Zofia Krawiec'],
    releaseInDays: 6,
  },
  {
    title: 'Undertow Protocol',
    synopsis:
      'The engineers of a deep-sea research base have six hours to stop an automated dredger that has decided the base itself is the obstacle.',
    runtimeMinutes: 139,
    rating: 'PG-13',
    genres: ['action', 'science-fiction'],
    cast: ['Tobias Wren', 'Aminata Diallo-Hart', 'Kenji Otsubo'],
    releaseInDays: 13,
  },
  {
    title: 'A Winter for Marguerite',
    synopsis:
      'A chorus singer in a snowed-in mountain theatre has one season to win the lead role, and one duet partner who cannot stand her.',
    runtimeMinutes: 112,
    rating: 'PG',
    genres: ['romance', 'musical'],
    cast: ['Marguerite Solène Arday', 'Felix Hartigan', 'Rosalind Abara'],
    releaseInDays: 20,
  },
  {
    title: 'Fieldwork',
    synopsis:
      'A year with the volunteers who count birds, moths and hedgehogs on a strip of farmland, and what their notebooks say about the changing seasons.',
    runtimeMinutes: 81,
    rating: 'NR',
    genres: ['documentary'],
    cast: ['Ruth Pennywhistle', 'Amadou Keita Sorensen'],
    releaseInDays: -70,
  },
  {
    title: 'The Last Ferry to Caldmere',
    synopsis:
      'Eleven passengers board the final crossing before the island ferry is retired; by morning one of them has vanished and the captain denies there were ever eleven.',
    runtimeMinutes: 117,
    rating: 'PG-13',
    genres: ['thriller', 'mystery'],
    cast: ['Imogen Thackeray', 'Bastien Loriot', 'Oyelaran Whitcombe'],
    releaseInDays: -33,
  },
  {
    title: 'Underdog Derby',
    synopsis:
      'A retired jockey trains a stubborn pony and a nervous twelve-year-old for the county derby that nobody expects them to finish.',
    runtimeMinutes: 104,
    rating: 'PG',
    genres: ['sports', 'family'],
    cast: ['Gwendolyn Farrier', 'Mateo Azcárate', 'Rhys Penhallow'],
    releaseInDays: -2,
  },
  {
    title: 'Tidewater Saints',
    synopsis:
      'A harbour detective investigates the smuggling ring run out of her own parish church, where every witness is a relative.',
    runtimeMinutes: 149,
    rating: 'R',
    genres: ['crime', 'drama'],
    cast: ['Niamh Carrow', 'Adebayo Lindgren', 'Vittoria Sandrelli'],
    releaseInDays: -112,
  },
  {
    title: 'The Ember Accord',
    synopsis:
      'Over one frozen winter, two exhausted armies negotiate a truce through a village schoolteacher who speaks both languages and trusts neither side.',
    runtimeMinutes: 167,
    rating: 'R',
    genres: ['war', 'historical'],
    cast: ['Konstantin Varga', 'Elodie Marchetti', 'Samuel Okafor-Reyes'],
    releaseInDays: 27,
  },
  {
    title: 'Moths Over Marrowby',
    synopsis:
      'A girl who can hear moths follows them out of her village to find the lantern keeper who stole the moon from the marsh.',
    runtimeMinutes: 126,
    rating: 'PG',
    genres: ['fantasy', 'adventure'],
    cast: ['Elspeth Gorrie', 'Idris Vantongeren', 'Pilar Echeverri'],
    releaseInDays: 9,
  },
  {
    title: 'Static Bloom',
    synopsis:
      'A sound artist recording an empty power station captures a voice in the hum of the turbines, and it starts answering her questions.',
    runtimeMinutes: 109,
    rating: 'NC-17',
    genres: ['science-fiction', 'mystery'],
    cast: ['Signe Halvorsen', 'Remy Achebe-Laurent', 'Cora Vantreight'],
    releaseInDays: -8,
  },
];

/** `The Glasswright's Daughter` -> `the-glasswrights-daughter` */
export const slugOf = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const posterUrlOf = (title: string) => `/posters/${slugOf(title)}.svg`;
export const trailerUrlOf = (title: string) => `https://trailers.example.com/${slugOf(title)}`;
