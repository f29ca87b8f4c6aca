/** Word lists the fixture generator draws from. Plain data; realistic enough to read in a diff. */

export const PRODUCT_LINES = [
  { line: 'Compact Tractors', noun: 'Compact Tractor' },
  { line: 'Utility Tractors', noun: 'Utility Tractor' },
  { line: 'Row Crop Tractors', noun: 'Row Crop Tractor' },
  { line: 'Combines', noun: 'Combine' },
  { line: 'Balers', noun: 'Round Baler' },
  { line: 'Mowers', noun: 'Zero-Turn Mower' },
  { line: 'Sprayers', noun: 'Self-Propelled Sprayer' },
  { line: 'Telehandlers', noun: 'Telehandler' },
] as const;

export const MODEL_NAMES = [
  'Atlas',
  'Boreas',
  'Cedar',
  'Dalton',
  'Ember',
  'Falcon',
  'Granite',
  'Harbor',
  'Ironwood',
  'Juniper',
  'Kestrel',
  'Linden',
  'Meridian',
  'Northstar',
  'Orchard',
  'Prairie',
  'Quarry',
  'Ridgeline',
  'Summit',
  'Timber',
  'Upland',
  'Valley',
  'Willow',
  'Yukon',
  'Zephyr',
] as const;

export const TRIMS = [
  { code: 'STD', name: 'Standard' },
  { code: 'PLUS', name: 'Plus' },
  { code: 'PREM', name: 'Premium' },
  { code: 'PRO', name: 'Pro' },
  { code: 'ELITE', name: 'Elite' },
] as const;

/**
 * Feature templates. Features sharing a `group` are mutually exclusive alternatives. `requires`
 * names codes of group-less features only: that keeps every generated rule set satisfiable (a
 * required feature never excludes anything).
 */
export const FEATURES: readonly {
  code: string;
  name: string;
  category: string;
  group?: string;
  requires?: string;
}[] = [
  { code: 'CAB_HVAC', name: 'Enclosed cab with HVAC', category: 'Operator station', group: 'cab' },
  {
    code: 'ROPS',
    name: 'Open station with ROPS frame',
    category: 'Operator station',
    group: 'cab',
  },
  { code: 'LDR_KIT', name: 'Front loader mounting kit', category: 'Implements' },
  { code: 'LOADER', name: 'Front loader', category: 'Implements', requires: 'LDR_KIT' },
  { code: 'PTO_DUAL', name: 'Rear PTO 540/1000', category: 'Drivetrain' },
  { code: 'HST', name: 'Hydrostatic transmission', category: 'Drivetrain', group: 'trans' },
  { code: 'SHUTTLE', name: 'Power shuttle transmission', category: 'Drivetrain', group: 'trans' },
  { code: 'GPS', name: 'GPS receiver', category: 'Precision farming' },
  { code: 'AUTOSTEER', name: 'Auto-steer', category: 'Precision farming', requires: 'GPS' },
  { code: 'LED_LIGHTS', name: 'LED work lights', category: 'Lighting' },
  { code: 'FRONT_WT', name: 'Front weight kit', category: 'Ballast' },
  { code: 'TIRE_TURF', name: 'Turf tires', category: 'Wheels', group: 'tires' },
  { code: 'TIRE_AG', name: 'Agricultural tires', category: 'Wheels', group: 'tires' },
  { code: 'TIRE_IND', name: 'Industrial tires', category: 'Wheels', group: 'tires' },
  { code: 'SEAT_AIR', name: 'Air suspension seat', category: 'Operator station' },
  { code: 'TELEMATICS', name: 'Telematics gateway', category: 'Connectivity' },
  { code: 'HITCH_C2', name: 'Category 2 three-point hitch', category: 'Implements' },
  { code: 'REMOTES_3', name: 'Third hydraulic remote', category: 'Hydraulics' },
];

/** BOM part templates. `uom` and the quantity generator live in the generator. */
export const BASE_PARTS = [
  { description: 'Chassis weldment', uom: 'EA' },
  { description: 'Engine assembly', uom: 'EA', assembly: true },
  { description: 'Main wiring harness', uom: 'M' },
  { description: 'Hydraulic oil', uom: 'L' },
  { description: 'Primer and paint', uom: 'KG' },
  { description: 'Fastener kit', uom: 'SET' },
  { description: 'Decal set', uom: 'SET' },
  { description: 'Axle assembly', uom: 'EA', assembly: true },
  { description: 'Fuel tank', uom: 'EA' },
  { description: 'Coolant', uom: 'L' },
  { description: 'Hydraulic hose', uom: 'MM' },
  { description: 'Thread sealant', uom: 'ML' },
  { description: 'Grease', uom: 'G' },
  { description: 'Edge trim', uom: 'CM' },
] as const;

export const CHILD_PARTS = [
  { description: 'Control module', uom: 'EA', refDes: 'A' },
  { description: 'Fuse', uom: 'EA', refDes: 'F' },
  { description: 'Mounting bracket', uom: 'EA' },
  { description: 'Bolt M10x30', uom: 'EA' },
  { description: 'Refrigerant hose', uom: 'M' },
  { description: 'Gasket set', uom: 'SET' },
  { description: 'Filter element', uom: 'EA' },
  { description: 'Sensor', uom: 'EA', refDes: 'B' },
  { description: 'Cable', uom: 'M' },
  { description: 'Adhesive', uom: 'G' },
] as const;
